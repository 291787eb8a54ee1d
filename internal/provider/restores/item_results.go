package restores

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// The per-item results of a restore (v8 statistics items[]), recorded as item_results.

var itemResultAttrTypes = map[string]attr.Type{
	"id":            types.StringType,
	"details_type":  types.StringType,
	"name":          types.StringType,
	"title":         types.StringType,
	"type":          types.StringType,
	"status":        types.StringType,
	"path":          types.StringType,
	"mailbox_email": types.StringType,
	"error":         types.StringType,
	"warnings":      types.ListType{ElemType: types.StringType},
}

var itemResultObjectType = types.ObjectType{AttrTypes: itemResultAttrTypes}

func itemResultSchemaAttributes() map[string]schema.Attribute {
	str := func(d string) schema.Attribute { return schema.StringAttribute{Computed: true, MarkdownDescription: d} }
	return map[string]schema.Attribute{
		"id":            str("ID of the restored object (a mailbox ID for `BulkMailbox`, an item ID for `Item`)."),
		"details_type":  str("`Item`, `BulkMailbox` or `BulkOneDrive` (the server's `itemRestoreDetailsType`)."),
		"name":          str("Name of the restored object."),
		"title":         str("Title the server gives the result."),
		"type":          str("Type of the restored object as the server names it, e.g. `ExchangeMailbox`."),
		"status":        str("`Success`, `Warning`, `Failed` or `Skipped`."),
		"path":          str("Path of the restored item, where the server reports one."),
		"mailbox_email": str("`BulkMailbox`: e-mail address of the mailbox restored into."),
		"error":         str("Why the object failed to restore (redacted of credentials); null when it did not fail."),
		"warnings": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Warnings the server reported for this object."},
	}
}

// itemResultsValue renders the server's per-item results; nil (none reported) is null, so that
// "the server reports none" and "the server reported an empty list" stay apart.
func itemResultsValue(results []vb365.ItemRestoreResult) (types.List, diag.Diagnostics) {
	if results == nil {
		return types.ListNull(itemResultObjectType), nil
	}
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(results))
	for _, r := range results {
		warnings := r.Warnings
		if warnings == nil {
			warnings = []string{}
		}
		list, d := types.ListValueFrom(context.Background(), types.StringType, warnings)
		diags.Append(d...)
		obj, d := types.ObjectValue(itemResultAttrTypes, map[string]attr.Value{
			"id": framework.NonEmptyString(r.ID), "details_type": framework.NonEmptyString(r.DetailsType), "name": framework.NonEmptyString(r.Name),
			"title": framework.NonEmptyString(r.Title), "type": framework.NonEmptyString(r.ItemType), "status": framework.NonEmptyString(r.Status),
			"path": framework.NonEmptyString(r.Path), "mailbox_email": framework.NonEmptyString(r.MailboxEmail), "error": framework.NonEmptyString(r.Error),
			"warnings": list,
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	out, d := types.ListValue(itemResultObjectType, elems)
	diags.Append(d...)
	return out, diags
}
