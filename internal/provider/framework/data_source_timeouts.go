package framework

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// DefaultDataSourceReadTimeout bounds a data source's read when timeouts { read } is unset:
// long enough to list a mailbox of 100,000 items on a slow server, short enough that a
// server that never stops paging or answering cannot hold a plan forever.
const DefaultDataSourceReadTimeout = 20 * time.Minute

// ReadTimeoutsBlock is the timeouts { read } block every data source has.
func ReadTimeoutsBlock(ctx context.Context) schema.Block {
	return timeouts.BlockWithOpts(ctx, timeouts.Opts{
		ReadDescription: "How long the read may take, all pages and retries included; default 20m. A duration such as `30s` or `1h`.",
	})
}

// WithReadTimeout bounds ctx by the configuration's timeouts.read (default
// DefaultDataSourceReadTimeout); an invalid duration is an error diagnostic.
func WithReadTimeout(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	var value timeouts.Value
	diags.Append(config.GetAttribute(ctx, path.Root("timeouts"), &value)...)
	timeout, d := value.Read(ctx, DefaultDataSourceReadTimeout)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}
