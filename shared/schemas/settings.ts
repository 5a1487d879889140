import { z } from 'zod';

/** The sensitive-word list used to flag questions for reviewers (matched without word boundaries). */
export const SensitiveWords = z.object({
  words: z.array(z.string().trim().min(1).max(50)).max(20000),
});
export type SensitiveWords = z.infer<typeof SensitiveWords>;
