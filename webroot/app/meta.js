// What the pages know of the API, read once from GET /app/meta.json, which the server generates
// from its own model (model/Resource, Sort, ListQuery): the resources and their fields, which
// field is the credit, the sorts and the page-size limit. Nothing here is a hand-made copy; only
// the words shown for them are the page's own.

import { call } from './api.js';

/** The server's facts: {resources: {name: {name, singular, credit, fields}}, sorts, limit: {max}}. */
export function loadMeta() {
  return call('GET', '/app/meta.json');
}

/** One resource as the pages use it: the server's description plus a title and labels. */
export function describe(meta, name) {
  const resource = meta.resources[name];
  return {
    name: resource.name,
    singular: resource.singular,
    title: capitalised(resource.name),
    credit: resource.credit,
    fields: resource.fields.map((field) => ({
      ...field,
      label: capitalised(field.name),
      sort: meta.sorts.includes(field.name) ? field.name : undefined,
    })),
  };
}

/** The text field that the search box looks in besides the title: author or director. */
export function creditField(resource) {
  return resource.fields.find((field) => field.name === resource.credit);
}

function capitalised(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
