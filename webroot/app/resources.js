// What differs between books and movies, as on the server (model/Resource.java): the collection's
// name and the one text field besides the title. Everything else is shared.

export const RESOURCES = {
  books: {
    name: 'books',
    singular: 'book',
    title: 'Books',
    fields: [
      { name: 'title', label: 'Title', kind: 'text', required: true, sort: 'title' },
      { name: 'author', label: 'Author', kind: 'text', required: true },
      { name: 'year', label: 'Year', kind: 'year', sort: 'year' },
    ],
  },
  movies: {
    name: 'movies',
    singular: 'movie',
    title: 'Movies',
    fields: [
      { name: 'title', label: 'Title', kind: 'text', required: true, sort: 'title' },
      { name: 'director', label: 'Director', kind: 'text', required: true },
      { name: 'year', label: 'Year', kind: 'year', sort: 'year' },
    ],
  },
};

/** The text field that the search box looks in besides the title: author or director. */
export function creditField(resource) {
  return resource.fields[1];
}
