/**
 * Annotations on the configuration records that describe the file format: documentation shown by editors
 * and the constraints checked when a file is loaded. The loader's structural pass and the generated JSON
 * Schema are both derived from them, so the two cannot drift apart.
 */
package io.podctl.config.schema;
