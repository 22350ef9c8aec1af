/**
 * Scenarios no fault mode of the reference SUT makes fail, each with the reason. Keep it short:
 * a scenario here is one the self-test cannot prove able to fail.
 */
export const EXEMPT: { scenario: string; reason: string }[] = [];
