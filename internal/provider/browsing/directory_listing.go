package browsing

// What vb365_organization_users and vb365_organization_groups share: the same filters and
// paging, the same shape of entry, one way to read; each data source says only what it lists,
// in its own words, and which client call lists it.

import (
	"context"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// directoryQueryModel is the query of a directory listing.
type directoryQueryModel struct {
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
	OrganizationID types.String   `tfsdk:"organization_id"`
	Name           types.String   `tfsdk:"name"`
	DisplayName    types.String   `tfsdk:"display_name"`
	Email          types.String   `tfsdk:"email"`
	MaxItems       types.Int64    `tfsdk:"max_items"`
	PageSize       types.Int64    `tfsdk:"page_size"`
}

// directoryEntryModel is one user or group in state.
type directoryEntryModel struct {
	ID           types.String `tfsdk:"id"`
	DisplayName  types.String `tfsdk:"display_name"`
	Name         types.String `tfsdk:"name"`
	Type         types.String `tfsdk:"type"`
	Email        types.String `tfsdk:"email"`
	LocationType types.String `tfsdk:"location_type"`
}

// directoryEntry is a user or a group as the client lists it.
type directoryEntry struct{ ID, DisplayName, Name, Type, LocationType string }

// directoryListing is what one directory data source lists and how it says so.
type directoryListing struct {
	listName    string // "users": the list attribute and the noun of errors
	dataSource  string // "vb365_organization_users", for errors
	description string
	// nameFilter and displayNameFilter describe the filters; entryNoun is "user" or "group".
	nameFilter, displayNameFilter, entryNoun string
	// entry describes id, display_name, name, type and email.
	entry map[string]string
	// list lists the organization's entries whose name and display name contain the texts given.
	list func(ctx context.Context, client *vb365.Client, organizationID, name, displayName string, opts vb365.ListOptions) iter.Seq2[directoryEntry, error]
}

func (l directoryListing) schema(ctx context.Context) schema.Schema {
	entry := map[string]schema.Attribute{
		"location_type": framework.ComputedString("`Cloud`, `OnPremises` or `Hybrid`; null when the server does not say."),
	}
	for name, description := range l.entry {
		entry[name] = framework.ComputedString(description)
	}
	return schema.Schema{
		Blocks:              map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: l.description,
		Attributes: framework.MergeAttributes(framework.ListingAttributes(l.listName), map[string]schema.Attribute{
			"organization_id": framework.RequiredID("ID of the organization (`vb365_organizations`)."),
			"name":            framework.OptionalFilter(l.nameFilter),
			"display_name":    framework.OptionalFilter(l.displayNameFilter),
			"email":           framework.OptionalFilter("List only the " + l.entryNoun + " with exactly this e-mail address (case-insensitive)."),
			l.listName: schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching " + l.listName + ", in the server's order.",
				NestedObject:        schema.NestedAttributeObject{Attributes: entry},
			},
		}),
	}
}

// read lists the entries the query asks for. The server narrows by name (by the address when
// only email is given); an address is then matched exactly here. ok is false when the listing
// failed (an error diagnostic says why).
func (l directoryListing) read(ctx context.Context, client *vb365.Client, q directoryQueryModel, diags *diag.Diagnostics) (entries []directoryEntryModel, ok bool) {
	email, name := q.Email.ValueString(), q.Name.ValueString()
	if name == "" {
		name = email
	}
	found, err := framework.Collect(
		l.list(ctx, client, q.OrganizationID.ValueString(), name, q.DisplayName.ValueString(), framework.ListOptions(q.MaxItems, q.PageSize, email != "")),
		func(e directoryEntry) bool { return email == "" || strings.EqualFold(directoryEmail(e.Name), email) }, q.MaxItems)
	if err != nil {
		framework.AddVersionOrListError(diags, l.listName, "an organization's "+l.listName+" ("+l.dataSource+")", err)
		return nil, false
	}
	entries = make([]directoryEntryModel, 0, len(found))
	for _, e := range found {
		entries = append(entries, directoryEntryModel{
			ID: types.StringValue(e.ID), DisplayName: framework.NonEmptyString(e.DisplayName), Name: framework.NonEmptyString(e.Name),
			Type: framework.NonEmptyString(e.Type), Email: framework.NonEmptyString(directoryEmail(e.Name)),
			LocationType: framework.NonEmptyString(e.LocationType),
		})
	}
	return entries, true
}

// directoryEntries maps a client listing to directory entries.
func directoryEntries[T any](seq iter.Seq2[T, error], entry func(T) directoryEntry) iter.Seq2[directoryEntry, error] {
	return func(yield func(directoryEntry, error) bool) {
		for v, err := range seq {
			if err != nil {
				yield(directoryEntry{}, err)
				return
			}
			if !yield(entry(v), nil) {
				return
			}
		}
	}
}

// directoryEmail is the e-mail address of a user's or group's name: the name itself when it is
// an address.
func directoryEmail(name string) string {
	if i := strings.IndexByte(name, '@'); i > 0 && i < len(name)-1 && !strings.ContainsAny(name, " \t") {
		return name
	}
	return ""
}
