// Package diagram draws an MWAA architecture as a picture: SVG (self-contained, no fonts,
// scripts or images fetched), draw.io XML using the aws4 shape library, or Mermaid text.
//
// It works in three steps, each usable alone: Derive turns a *model.Architecture into a
// neutral Graph (nodes with a kind, category and label, nested groups, labelled edges);
// Layout places that graph with a compound layered layout (ranks from the edges within
// each group, siblings ordered to reduce crossings, orthogonal edge routes); the writers
// emit the laid-out graph. The MWAA-managed parts (web server, scheduler, workers, the
// Aurora metadata database) and the AWS services outside the VPC are not model objects:
// Derive infers them from the environment, the endpoints, buckets, keys, roles, log
// groups, alarms and Client VPN endpoints.
//
// The package must never embed AWS icon artwork in the SVG (it draws category-coloured
// tiles with short labels), read files, or call AWS. Output is deterministic: the same
// architecture gives the same bytes.
package diagram
