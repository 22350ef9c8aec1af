import { Then, When } from '@cucumber/cucumber';
import { acceptsReferAs, copiesReferredBy, namesReferrer, noIdentityHeaders, passes429, referCompact, sameIdentity } from '../src/world/referred-by';
import { sip } from './support/step';

Then('{party} accepts the REFER as {requirement} requires', sip((w, y: string, req: string) => acceptsReferAs(w, y, req)));
Then('{party} copies Referred-By unchanged into its INVITE', sip(async (w, y: string) => copiesReferredBy(w, y)));
Then('{party} calls the target under the identity it has toward the transferor', sip(async (w, y: string) => sameIdentity(w, y)));
Then('{party} asserts no identity of its own choosing to the target', sip(async (w, y: string) => noIdentityHeaders(w, y)));
Then('{party} names itself in the one Referred-By of its REFER to {party}', sip(async (w, x: string, y: string) => namesReferrer(w, x, y)));
Then('{party} passes the target\'s 429 back to {party} in the final NOTIFY', sip((w, y: string, x: string) => passes429(w, y, x)));
When('{party} refers {party} to {party} with a compact Referred-By', sip((w, x: string, y: string, z: string) => referCompact(w, x, y, z)));
