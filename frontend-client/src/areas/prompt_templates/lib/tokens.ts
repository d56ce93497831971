/** Words a token makes on average in English prose (OpenAI's rule of thumb: 100 tokens ≈ 75 words). */
export const WORDS_PER_TOKEN = 0.75;

export const MAX_TOKENS_LIMIT = 128_000;

/** About how many words `tokens` tokens allow; null without a number. */
export function tokensToWords(tokens: number | null | undefined): number | null {
  if (tokens === null || tokens === undefined || !Number.isFinite(tokens) || tokens <= 0) return null;
  return Math.max(1, Math.round(tokens * WORDS_PER_TOKEN));
}
