package restores

// The target of restore_to, checked while planning: an address in one of the organization's own
// domains must be the address of one of its mailboxes (in the restore session) or users (API
// v6+), else the plan fails naming the address and the nearest address there is; an address in
// another domain is shown as such in `target` and in a plan note. A real server refuses the
// first at apply, or restores into a mailbox nobody reads; the second is a restore into another
// organization, which a reviewer should see.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// maxTargetCandidates bounds the addresses read for the check (mailboxes and users each).
const maxTargetCandidates = 20000

// targetDirectory is what the check knows of the organization's addresses.
type targetDirectory struct {
	organization string          // the organization's name, for messages
	domains      map[string]bool // lower-case domains of the organization
	addresses    []string        // every address found
}

func addressDomain(address string) string {
	at := strings.LastIndexByte(address, '@')
	if at <= 0 || at == len(address)-1 {
		return ""
	}
	return strings.ToLower(address[at+1:])
}

func (d *targetDirectory) add(address string) {
	if domain := addressDomain(address); domain != "" {
		d.domains[domain] = true
		d.addresses = append(d.addresses, address)
	}
}

func (d *targetDirectory) has(address string) bool {
	for _, a := range d.addresses {
		if strings.EqualFold(a, address) {
			return true
		}
	}
	return false
}

// nearest is the known address closest to address (edit distance, case-insensitive) when it is
// close enough to be a likely typo, else "".
func (d *targetDirectory) nearest(address string) string {
	best, bestDistance := "", -1
	for _, a := range d.addresses {
		dist := editDistance(strings.ToLower(a), strings.ToLower(address))
		if bestDistance < 0 || dist < bestDistance || (dist == bestDistance && a < best) {
			best, bestDistance = a, dist
		}
	}
	local := address
	if at := strings.LastIndexByte(address, '@'); at > 0 {
		local = address[:at]
	}
	if best == "" || bestDistance > max(2, len(local)/2) {
		return ""
	}
	return best
}

func (d *targetDirectory) sortedDomains() []string {
	out := make([]string, 0, len(d.domains))
	for k := range d.domains {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// readTargetDirectory reads the organization's name, the mailboxes of the restore session and,
// on API v6+, the users whose name is in the target's domain. Users the provider may not list
// (a tenant or operator sign-in, an older server) are left out: the mailboxes still count.
func readTargetDirectory(ctx context.Context, client *vb365.Client, sessionID, organizationID, target string) (*targetDirectory, error) {
	d := &targetDirectory{domains: map[string]bool{}}
	org, err := client.RestoreSessionOrganization(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	d.organization = org.Name
	if organizationID == "" {
		organizationID = org.ID
	}
	if domain := addressDomain("x@" + org.Name); domain != "" && strings.Contains(domain, ".") {
		d.domains[domain] = true
	}
	for mb, err := range client.Mailboxes(ctx, sessionID, vb365.ListOptions{MaxItems: maxTargetCandidates}) {
		if err != nil {
			return nil, err
		}
		d.add(mb.Email)
	}
	if organizationID == "" {
		return d, nil
	}
	filter := vb365.OrganizationUserFilter{ListOptions: vb365.ListOptions{MaxItems: maxTargetCandidates}, UserName: "@" + addressDomain(target)}
	for u, err := range client.OrganizationUsers(ctx, organizationID, filter) {
		if err != nil {
			var unsupported *vb365.UnsupportedVersionError
			var apiErr *vb365.APIError
			if errors.As(err, &unsupported) || (errors.As(err, &apiErr) && (apiErr.StatusCode == 401 || apiErr.StatusCode == 403)) {
				break
			}
			return nil, err
		}
		d.add(u.Name)
	}
	return d, nil
}

// checkRestoreTarget checks restore_to.mailbox of a reviewed restore. It returns what to add to
// the target's text ("" for none) and false when the plan must fail (an error says why).
func checkRestoreTarget(ctx context.Context, client *vb365.Client, sessionID string, m *restoreinputs.RestoreInputsModel, diags *diag.Diagnostics) (string, bool) {
	if m.RestoreTo == nil || m.RestoreTo.Mailbox.IsUnknown() || m.RestoreTo.Mailbox.IsNull() {
		return "", true
	}
	target := strings.TrimSpace(m.RestoreTo.Mailbox.ValueString())
	domain := addressDomain(target)
	if domain == "" {
		return "", true
	}
	attr := path.Root("restore_to").AtName("mailbox")
	dir, err := readTargetDirectory(ctx, client, sessionID, m.OrganizationID.ValueString(), target)
	if err != nil {
		diags.AddAttributeWarning(attr, "Restore target not checked",
			fmt.Sprintf("Could not read the organization's mailboxes and users to check that %s exists there: %v. "+
				"The server checks it when the restore runs.", target, err))
		return "", true
	}
	if !dir.domains[domain] {
		note := fmt.Sprintf("outside organization %s", dir.organization)
		diags.AddAttributeWarning(attr, "Restore target outside the organization",
			fmt.Sprintf("%s is not in a domain of organization %s (%s): the items are restored into another organization's "+
				"mailbox, reached with the restore credentials. Check that this is intended.",
				target, dir.organization, strings.Join(dir.sortedDomains(), ", ")))
		return note, true
	}
	if dir.has(target) {
		return "", true
	}
	hint := ""
	if near := dir.nearest(target); near != "" {
		hint = fmt.Sprintf(" Did you mean %s?", near)
	}
	diags.AddAttributeError(attr, "Restore target not in the organization",
		fmt.Sprintf("No mailbox or user of organization %s has the address %s, although %s is one of its domains: the "+
			"server would refuse the restore, or restore into a mailbox nobody reads.%s The organization's addresses are "+
			"listed by data sources vb365_organization_users (API v6+) and vb365_mailboxes.", dir.organization, target, domain, hint))
	return "", false
}
