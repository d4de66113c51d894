/**
 * The loader's machinery: a YAML reader that keeps the line and column of every key and value, the model of
 * the file derived from the records, the structural and semantic checks, profile merging and the JSON Schema
 * writer. Nothing here is API; everything is pure and thread-confined to one load call.
 */
package io.podctl.config.internal;
