import { ExchangeBody } from '@hypomos/shared/api/account';
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { toTokenInfo } from '../mappers';
import { tokenGuard } from '../middleware/rate-limit';
import { requireActor } from '../services/access';
import { validate } from '../validate';

/** Who am I, and the extension's API tokens (pairing exchange, list, revoke). */
export const accountRoutes = new Hono<AppEnv>()
  .get('/me', (c) => {
    const a = requireActor(c);
    return c.json({
      user: { id: a.userId, displayName: a.displayName, email: a.email },
      csrfToken: a.csrfToken,
      via: a.via,
    });
  })
  .post('/tokens/exchange', tokenGuard, validate('json', ExchangeBody), async (c) => {
    const { code, name } = c.req.valid('json');
    const repos = c.get('repos');
    const now = c.get('deps').now();
    const userId = await repos.accounts.consumePairingCode(code, now);
    if (!userId) throw new ApiError(400, 'invalid_code', 'The pairing code is unknown, used or expired.');
    const { token, row } = await repos.accounts.issueApiToken(userId, name, now);
    return c.json({ token, info: toTokenInfo(row), portal: { driveApiKey: c.env.DRIVE_API_KEY || null } }, 201);
  })
  .get('/tokens', async (c) => {
    const a = requireActor(c);
    return c.json({
      tokens: (await c.get('repos').accounts.apiTokens(a.userId, c.get('deps').now())).map(toTokenInfo),
    });
  })
  .delete('/tokens/:id', async (c) => {
    const a = requireActor(c);
    if (!(await c.get('repos').accounts.revokeApiToken(a.userId, c.req.param('id'), c.get('deps').now()))) {
      throw new ApiError(404, 'not_found', 'No such token.');
    }
    return c.body(null, 204);
  });
