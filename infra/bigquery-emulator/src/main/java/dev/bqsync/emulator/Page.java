package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** One page of rows in f/v form, the total, and the token of the next page (null on the last). */
record Page(ArrayNode rows, long totalRows, String pageToken) {}
