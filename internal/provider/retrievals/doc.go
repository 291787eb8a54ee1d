// Package retrievals holds vb365_data_retrieval: archive-tier backups (S3 Glacier, Azure
// Archive) retrieved before a restore reads them. A retrieval is billed by the cloud provider, so
// it is its own domain with its own wait and record.
//
// It imports framework and sessions (the explore options of its descriptions); the session
// source of other domains names a retrieval by ID and never imports this package.
package retrievals
