import { database } from '../db/client';
import { AccountRepo } from './accounts';
import { CollectionRepo } from './collections';
import { EventRepo } from './events';
import { FeedbackRepo } from './feedback';
import { ProofingRepo } from './proofing';
import { RateLimitRepo } from './rate-limits';
import { ShareRepo } from './shares';
import { StatsRepo } from './stats';

/** Only repositories touch D1; one set per request. */
export function repositories(d1: D1Database) {
  const db = database(d1);
  return {
    accounts: new AccountRepo(db),
    collections: new CollectionRepo(db, d1),
    shares: new ShareRepo(db),
    events: new EventRepo(db, d1),
    stats: new StatsRepo(d1),
    rateLimits: new RateLimitRepo(d1),
    proofing: new ProofingRepo(d1),
    feedback: new FeedbackRepo(d1),
  };
}
export type Repos = ReturnType<typeof repositories>;
