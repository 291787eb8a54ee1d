package conformance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// erratum is a place where a document itself is wrong: the validator corrects the document in
// memory (never the answer or the request), and only at this place. An erratum that no longer
// finds its error fails the test, so the list cannot outlive the documents it corrects.
type erratum struct {
	version int
	// where names the schema and property ("Schema.property") whose enum value wrong is read
	// as right; or, with apply, the class of places apply corrects (it returns how many).
	where        string
	wrong, right string
	apply        func(doc *openapi3.T) int
	reason       string
}

// errata is the one list of the documents' own mistakes. CONFORMANCE.md prints it.
var errata = []erratum{
	{
		version: 6, where: "RESTDataRetrievalSession.type",
		wrong: "RetrievalChangeAvailabilityPeriodDays,", right: "RetrievalChangeAvailabilityPeriodDays",
		reason: "the enum value carries a stray comma inside the string (a typo in Veeam's v6 document); v7 and v8 spell it without, and a server serialises the .NET enum name, which cannot contain a comma",
	},
}

func init() {
	errata = append(errata, erratum{
		version: 6, where: "RESTBackupMailboxData: isDeleted, itemType, repositoryId",
		apply:  declareV6BackupMailboxData,
		reason: "the schema lists isDeleted, itemType and repositoryId as required but does not declare them, so no object could both carry them and hold to the declared properties; declared as v7 declares them (boolean; Mailbox, OneDrive, Site, Team, User, Group; uuid)",
	})
	// The PST and MSG downloads (exportToPst, save) answer a binary stream the documents
	// describe in words, but declare its application/octet-stream schema as {"type": "object"},
	// which no byte stream can be; read as {"type": "string", "format": "binary"}.
	for _, v := range documentedVersions {
		errata = append(errata, erratum{
			version: v, where: "every 2xx application/octet-stream answer",
			apply:  binaryStreams,
			reason: `the PST and MSG downloads answer a binary stream but declare its schema as {"type": "object"}; read as {"type": "string", "format": "binary"}`,
		})
	}
}

func binaryStreams(doc *openapi3.T) int {
	n := 0
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for code, r := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") || r.Value == nil {
					continue
				}
				mt := r.Value.Content["application/octet-stream"]
				if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is(openapi3.TypeObject) {
					continue
				}
				mt.Schema = openapi3.NewStringSchema().WithFormat("binary").NewRef()
				n++
			}
		}
	}
	return n
}

// applyErrata corrects doc (version v) and returns a line per erratum applied.
func applyErrata(v int, doc *openapi3.T) ([]string, error) {
	var applied []string
	for _, e := range errata {
		if e.version != v {
			continue
		}
		if e.apply != nil {
			n := e.apply(doc)
			if n == 0 {
				return nil, fmt.Errorf("erratum %q finds nothing to correct: remove it", e.where)
			}
			applied = append(applied, fmt.Sprintf("v%d %s: %d corrected", v, e.where, n))
			continue
		}
		schemaName, prop, _ := strings.Cut(e.where, ".")
		sc := doc.Components.Schemas[schemaName]
		if sc == nil || sc.Value == nil || sc.Value.Properties[prop] == nil || sc.Value.Properties[prop].Value == nil {
			return nil, fmt.Errorf("erratum %s: no such schema property", e.where)
		}
		p := sc.Value.Properties[prop].Value
		i := slices.Index(p.Enum, any(e.wrong))
		if i < 0 {
			return nil, fmt.Errorf("erratum %s: the enum no longer holds %q: remove the erratum", e.where, e.wrong)
		}
		p.Enum[i] = e.right
		applied = append(applied, fmt.Sprintf("v%d %s: %q read as %q", v, e.where, e.wrong, e.right))
	}
	return applied, nil
}

func declareV6BackupMailboxData(doc *openapi3.T) int {
	ref := doc.Components.Schemas["RESTBackupMailboxData"]
	if ref == nil || ref.Value == nil {
		return 0
	}
	sc := ref.Value
	declared := map[string]*openapi3.Schema{
		"isDeleted":    openapi3.NewBoolSchema(),
		"itemType":     openapi3.NewStringSchema().WithEnum("Mailbox", "OneDrive", "Site", "Team", "User", "Group"),
		"repositoryId": openapi3.NewStringSchema().WithFormat("uuid"),
	}
	n := 0
	for name, schema := range declared {
		if sc.Properties[name] == nil && slices.Contains(sc.Required, name) {
			sc.Properties[name] = schema.NewRef()
			n++
		}
	}
	return n
}
