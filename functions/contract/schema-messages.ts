import { en } from 'zod/locales';
import { config } from 'zod/mini';

/*
 * zod/mini carries no messages of its own ("Invalid input" for every issue). Every module
 * that defines or parses a schema imports this one, so each issue says what rule broke
 * ("Too small: expected string to have >=1 characters"), as zod's full API does;
 * functions/contract/problems.ts turns issues into the problems every refusal carries.
 *
 * Schemas import zod as `import * as z from 'zod/mini'`: the bundler then keeps only the
 * functions used. `import { z } from 'zod/mini'` is an object holding all of zod and its
 * locales, which no bundler can shake (test/unit/handler-bundles.test.ts checks).
 */
config(en());
