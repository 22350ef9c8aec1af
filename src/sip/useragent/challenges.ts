import type { SipRequest, SipResponse } from '../message';
import type { Dialog } from '../dialog';
import { DigestClient, digestChallenges, type DigestCredentials } from '../auth';

/** RFC 3261 §22.1: ACK and CANCEL cannot be resubmitted, so they are never retried with credentials. */
const NOT_RETRIED = new Set(['ACK', 'CANCEL']);

/**
 * Answers 401/407 challenges to the requests a UA sends (RFC 3261 §22.2, §22.3). §22.1: "A UAC MUST
 * NOT re-attempt requests with the credentials that have just been rejected (though the request may
 * be retried if the nonce was stale)": a realm is answered once, and once more only if `stale=true`.
 */
export class ChallengeAnswerer {
  private digest: DigestClient;

  constructor(credentials: readonly DigestCredentials[]) {
    this.digest = new DigestClient(credentials);
  }

  /**
   * The request again with credentials, or undefined to hand the challenge to the caller.
   * `answered`: the challenges (status and realm) already answered for this request; `dialogOf`: the
   * dialog it belongs to (looked up only for a challenge), whose next CSeq the retry takes (§12.2.1.1; outside one, the request's plus one, §8.1.3.5).
   */
  retry(request: SipRequest, res: SipResponse, answered: Set<string>, via: string, dialogOf: () => Dialog | undefined): SipRequest | undefined {
    if ((res.status !== 401 && res.status !== 407) || NOT_RETRIED.has(request.method)) return undefined;
    // Each challenged realm as "status realm" the first time, "status realm stale" for its one stale retry.
    const keys = digestChallenges(res).map(({ realm, stale }) => {
      const key = `${res.status} ${realm}`;
      return answered.has(key) && stale ? `${key} stale` : key;
    });
    const fresh = keys.filter((k) => !answered.has(k));
    if (fresh.length === 0) return undefined;
    const dialog = dialogOf();
    const retry = this.digest.authorize(request, res, via, dialog ? dialog.localSeq + 1 : undefined);
    if (!retry) return undefined;
    if (dialog) dialog.localSeq++;
    for (const k of fresh) answered.add(k);
    return retry;
  }
}
