-- The list's excerpt of a bulletin's body (the start of its text without
-- Markdown, markdown_excerpt), written with the body: lists no longer parse
-- every body's Markdown to quote it. Rows written before this have NULL, and
-- the API makes theirs as it did before (src/api/exchange.c, excerpt_json).
ALTER TABLE bulletins ADD COLUMN excerpt TEXT;
