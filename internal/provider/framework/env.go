package framework

// Environment variables of the provider block that diagnostics name in their hints; the
// provider package defines the others beside its configuration.
const (
	EnvEndpoint   = "VB365_ENDPOINT"
	EnvUsername   = "VB365_USERNAME"
	EnvPassword   = "VB365_PASSWORD"
	EnvCACertPEM  = "VB365_CA_CERT_PEM"
	EnvCACertFile = "VB365_CA_CERT_FILE"
)

// Environment variables of the restore_operator block, named by the restore-operator route's diagnostics.
const (
	EnvOperatorClientID  = "VB365_OPERATOR_CLIENT_ID"
	EnvOperatorAssertion = "VB365_OPERATOR_ASSERTION"
)
