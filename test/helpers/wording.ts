/**
 * A word repeated ("the the"), in any script. A version such as go1.26.8 is not the word "go":
 * the repeat must end where a word ends (no letter, digit, "_", "-" or ".digit" after it).
 * One pattern for the catalog test and the page audit, which gets it as a string (page.evaluate).
 */
export const DOUBLED_WORD_SOURCE = String.raw`(?<![\p{L}\p{N}_-])(\p{L}{2,})\s+\1(?![\p{L}\p{N}_-]|\.\p{N})`;

export const doubledWord = (): RegExp => new RegExp(DOUBLED_WORD_SOURCE, 'iu');
