package provider

import (
	"fmt"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Shared pieces of the listing data sources.

const maxPageSize = 10000 // the REST API's documented maximum `limit`

// listingAttributes are max_items and page_size, common to every listing data source.
func listingAttributes(noun string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"max_items": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Stop after this many %s (after filtering). Unset: all of them. "+
				"The listing pages through the API transparently either way.", noun),
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"page_size": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Number of %s requested per API page (the `limit` query parameter), "+
				"1 to %d. Unset: the client's default.", noun, maxPageSize),
			Validators: []validator.Int64{int64validator.Between(1, maxPageSize)},
		},
	}
}

// requiredID is a required, non-empty ID argument.
func requiredID(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: desc,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// optionalFilter is an optional, non-empty filter argument.
func optionalFilter(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: desc,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

func mergeAttributes(sets ...map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, s := range sets {
		for k, v := range s {
			out[k] = v
		}
	}
	return out
}

// listOptions maps max_items and page_size to the client's options. With a client-side filter
// the bound applies to matches, so the client must not stop early on its own.
func listOptions(maxItems, pageSize types.Int64, clientSideFilter bool) vb365.ListOptions {
	var opts vb365.ListOptions
	if !pageSize.IsNull() && !pageSize.IsUnknown() {
		opts.PageSize = int(pageSize.ValueInt64())
	}
	if !clientSideFilter && !maxItems.IsNull() && !maxItems.IsUnknown() {
		opts.MaxItems = int(maxItems.ValueInt64())
	}
	return opts
}

// collect drains a listing, keeping the elements keep accepts (all when keep is nil), and
// stops once maxItems are kept (0: no bound). Stopping early ends the paging.
func collect[T any](seq iter.Seq2[T, error], keep func(T) bool, maxItems types.Int64) ([]T, error) {
	limit := 0
	if !maxItems.IsNull() && !maxItems.IsUnknown() {
		limit = int(maxItems.ValueInt64())
	}
	out := make([]T, 0)
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		if keep != nil && !keep(v) {
			continue
		}
		out = append(out, v)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}

// wildcardMatch reports whether s matches pattern, case-insensitively, where * matches any
// run of characters and ? one character (the server's folder-name wildcards).
func wildcardMatch(pattern, s string) bool {
	p, t := []rune(strings.ToLower(pattern)), []rune(strings.ToLower(s))
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
