// Package bench holds the programs `make bench` (scripts/bench.sh) measures with: cmd/rusage
// runs a command and appends its CPU time and peak RSS to a log (it stands in for the
// provider binary under the CLI), and cmd/listclient is the plain-client baseline that fetches
// and decodes the same item pages the provider lists.
package bench
