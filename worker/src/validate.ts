import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './errors';

/** zod validation for a request part that fails in the common error shape (400 invalid_request with the issues). */
export const validate = <T extends keyof ValidationTargets, S extends ZodType>(target: T, schema: S) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw new ApiError(400, 'invalid_request', 'The request is not valid.', result.error.issues);
  });
