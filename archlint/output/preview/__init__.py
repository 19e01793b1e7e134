"""`archlint serve`: a local page showing every document as SVG with its findings,
updated within a second of a save. `state` renders, `server` serves from memory,
`page` is the page itself."""
