package dev.trawl.process.internal.parse;

import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.OutcomeTally;

/**
 * A fetched page's request (for depth, scope and crawl) next to what it says, and what its outcome
 * counts in its host's statistics. Lives only between two processors of one task, so it needs no
 * serde.
 */
public record ParsedPage(FetchRequest request, Document document, OutcomeTally tally) {}
