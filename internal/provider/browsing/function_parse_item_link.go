package browsing

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ function.Function = (*parseItemLinkFunction)(nil)

// NewParseItemLinkFunction returns provider::vb365::parse_item_link.
func NewParseItemLinkFunction() function.Function { return &parseItemLinkFunction{} }

type parseItemLinkFunction struct{}

var itemLinkAttrTypes = map[string]attr.Type{
	"version":            types.StringType,
	"restore_session_id": types.StringType,
	"mailbox_id":         types.StringType,
	"folder_id":          types.StringType,
	"item_id":            types.StringType,
}

func (f *parseItemLinkFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_item_link"
}

func (f *parseItemLinkFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "IDs named by a VB365 restore-session link",
		MarkdownDescription: "Parses a link from a VB365 response (an item's `links.self`, `links.parent` or " +
			"`links.mailbox`), absolute as on API v3 to v5 or relative as from v6, and returns an object with " +
			"`version` (for example `v3`), `restore_session_id`, `mailbox_id`, `folder_id` and `item_id`; the IDs the " +
			"link does not name are null (an item's self link names no folder, its parent link no item). The link is " +
			"parsed only, never followed. A link that is not a VB365 restore-session link is an error.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "href",
				MarkdownDescription: "The link, for example `/v8/RestoreSessions/<id>/organization/mailboxes/<id>/items/<id>`.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: itemLinkAttrTypes},
	}
}

func (f *parseItemLinkFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var href string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &href))
	if resp.Error != nil {
		return
	}
	ids, err := vb365.ParseItemLink(href)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	result, diags := types.ObjectValue(itemLinkAttrTypes, map[string]attr.Value{
		"version":            framework.NonEmptyString(ids.Version.String()),
		"restore_session_id": framework.NonEmptyString(ids.RestoreSessionID),
		"mailbox_id":         framework.NonEmptyString(ids.MailboxID),
		"folder_id":          framework.NonEmptyString(ids.FolderID),
		"item_id":            framework.NonEmptyString(ids.ItemID),
	})
	resp.Error = function.ConcatFuncErrors(resp.Error, function.FuncErrorFromDiags(ctx, diags))
	if resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, result))
}
