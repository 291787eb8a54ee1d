package browsing

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ function.Function = (*itemTypeFunction)(nil)

// NewItemTypeFunction returns provider::vb365::item_type.
func NewItemTypeFunction() function.Function { return &itemTypeFunction{} }

type itemTypeFunction struct{}

func (f *itemTypeFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "item_type"
}

func (f *itemTypeFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Canonical item type of an Exchange message class",
		MarkdownDescription: "Returns the canonical type of a mailbox item from its Exchange message class (the " +
			"`item_class` attribute): `message` (`IPM.Note*`, `IPM.Message`, `IPM.Schedule.Meeting.*`), `appointment`, " +
			"`task`, `contact`, `contact_group` (`IPM.DistList`), `note` (`IPM.StickyNote`), `journal` (`IPM.Activity`, " +
			"`IPM.Journal`), `discussion` (`IPM.Post`), or `unknown` for any other class. Matching ignores letter case. " +
			"From the class alone an ambiguous item (the v3 sticky note labelled `IPM.Note`) counts as `message`; " +
			"the `type` attribute of the data sources also looks at the item's fields.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "item_class",
				MarkdownDescription: "Exchange message class, for example `IPM.Appointment`.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *itemTypeFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var itemClass string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &itemClass))
	if resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, string(vb365.ClassifyItemType(itemClass))))
}
