package dev.trawl.producer;

/** A rejected input line: where it was, what it said, and why it was refused. */
public record Rejection(long lineNumber, String line, RejectReason reason, String message) {}
