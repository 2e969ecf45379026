// The search box's words, as the server reads them (model/SearchTerms and SQLite's unicode61
// tokenizer): runs of letters and digits, compared without case or accents, every word required
// and the last one a prefix. Used to mark the matched words in the list and to decide whether a
// live change belongs in the current results.

const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** Lower case without diacritics: "Márquez" → "marquez". */
export function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of a search; empty when it has none (the box then searches nothing). */
export function searchWords(search) {
  return (search.match(WORD) ?? []).map(fold).filter((w) => w.length > 0);
}

/** Whether `word` (folded) is one of the search's words: equal, or a prefix of it for the last. */
function isMatch(word, words) {
  return words.some((w, i) => word === w || (i === words.length - 1 && word.startsWith(w)));
}

/** Whether every search word occurs in one of `texts`, the last as a prefix. */
export function matchesAll(words, texts) {
  const found = texts.flatMap((text) => (String(text ?? '').match(WORD) ?? []).map(fold));
  return words.every((w, i) => found.some((word) => word === w || (i === words.length - 1 && word.startsWith(w))));
}

/** `text` as nodes, each matched word inside a <mark>; `make` builds elements (dom.js h). */
export function highlighted(text, words, make) {
  if (words.length === 0) {
    return [text];
  }
  const nodes = [];
  let at = 0;
  for (const match of text.matchAll(WORD)) {
    if (isMatch(fold(match[0]), words)) {
      nodes.push(text.slice(at, match.index), make('mark', {}, match[0]));
      at = match.index + match[0].length;
    }
  }
  nodes.push(text.slice(at));
  return nodes.filter((node) => node !== '');
}
