// Cucumber profiles. `default` runs the catalogue against the configured SUT (embedded reference
// unless SIPWRIGHT_* says otherwise); every formatter but the progress one writes to a file.
// `sipwright run --role all` runs cucumber once per role and sets SIPWRIGHT_RUN_PART to the role, so
// each run's JUnit and JSON files sit beside the others instead of replacing them.
const part = process.env.SIPWRIGHT_RUN_PART ? `-${process.env.SIPWRIGHT_RUN_PART}` : '';
// SIPWRIGHT_REPORTS: another folder than reports/ (tests that run `sipwright run` beside each other).
const out = process.env.SIPWRIGHT_REPORTS || 'reports';
const common = {
  // No `paths`: cucumber's default (features/**/*.feature) applies when none are given, and paths given
  // on the command line replace it (a profile's paths would be merged with them: `run FILE` ran everything).
  // esbuild-based TypeScript hook (scripts/register.js): ts-node's transpile-only job, ~3x faster start.
  requireModule: [require('node:path').join(__dirname, 'scripts', 'register.js')],
  require: ['steps/**/*.ts'],
  strict: true,
  // Attachments (trace, ladder, pcapng) belong in the report, not in the console summary.
  printAttachments: false,
  failFast: false,
  forceExit: false,
  format: [
    process.stdout.isTTY ? 'progress-bar' : 'progress',
    `junit:${out}/junit/features${part}.xml`,
    `json:${out}/cucumber${part}.json`,
    `allure-cucumberjs/reporter:${out}/allure-results/.allure-cucumberjs.log`,
  ],
  formatOptions: { resultsDir: `${out}/allure-results` },
};

module.exports = {
  default: common,
  // CI: also fail on undefined or unused steps before running anything.
  dryrun: { ...common, dryRun: true, format: ['progress'] },
  // Machine-read runs (the fault-mode matrix test): JSON results to the given file only.
  check: { ...common, format: [`json:${process.env.SIPWRIGHT_CHECK_OUT || 'reports/check.json'}`] },
};
