// Command terraform-provider-vb365 serves the VB365 provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"
)

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/terraform-vb365/vb365",
		Debug:   debug,
	})
	// The server has shut down (Terraform ends the process at the end of every phase, also
	// a failed or interrupted one): stop the sessions Terraform did not close.
	if stopped, stopErr := provider.Shutdown(context.Background()); len(stopped) > 0 || stopErr != nil {
		log.Printf("[WARN] restore sessions of ephemeral vb365_restore_session left open by a failed or interrupted run: stopped %v; not stopped: %v",
			stopped, stopErr)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
