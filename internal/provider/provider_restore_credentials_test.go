package provider

import (
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func TestResolveRestoreCredentials(t *testing.T) {
	s := types.StringValue
	cases := []struct {
		name  string
		block *restoreinputs.RestoreCredentialsModel
		env   map[string]string
		want  vb365.RestoreCredentials
		error string
	}{
		{name: "none"},
		{name: "block", block: &restoreinputs.RestoreCredentialsModel{UserName: s("u"), UserPassword: s("p")},
			want: vb365.RestoreCredentials{UserName: "u", UserPassword: "p"}},
		{name: "environment", env: map[string]string{"VB365_RESTORE_USER_CODE": "code"},
			want: vb365.RestoreCredentials{UserCode: "code"}},
		{name: "block wins per attribute", block: &restoreinputs.RestoreCredentialsModel{UserPassword: s("p")},
			env:  map[string]string{"VB365_RESTORE_USER_NAME": "env-user", "VB365_RESTORE_USER_PASSWORD": "env-p"},
			want: vb365.RestoreCredentials{UserName: "env-user", UserPassword: "p"}},
		{name: "incomplete", env: map[string]string{"VB365_RESTORE_USER_NAME": "u"}, error: "user_password is required"},
		{name: "two forms", block: &restoreinputs.RestoreCredentialsModel{UserCode: s("c"), ApplicationID: s("a")}, error: "Conflicting restore credentials"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, diags := resolveRestoreCredentials(c.block, fakeSources(c.env, nil))
			text := ""
			for _, d := range diags {
				text += d.Summary() + ": " + d.Detail() + "\n"
			}
			if c.error != "" {
				if !strings.Contains(text, c.error) {
					t.Fatalf("diagnostics %q, want %q", text, c.error)
				}
				return
			}
			if diags.HasError() {
				t.Fatal(text)
			}
			if got != c.want {
				t.Fatalf("resolved %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestCredentialsWithDefault(t *testing.T) {
	defaults := vb365.RestoreCredentials{UserName: "d", UserPassword: "dp"}
	if got := (restoreinputs.RestoreCredentialsModel{}).WithDefault(defaults); got != defaults {
		t.Fatalf("an empty block does not use the defaults: %+v", got)
	}
	block := restoreinputs.RestoreCredentialsModel{UserCode: types.StringValue("c")}
	if got := block.WithDefault(defaults); got != (vb365.RestoreCredentials{UserCode: "c"}) {
		t.Fatalf("a block with credentials is mixed with the defaults: %+v", got)
	}
	if got := restoreinputs.CredentialSecrets(vb365.RestoreCredentials{UserName: "name", UserPassword: "pw", ApplicationID: "app"}); len(got) != 1 || got[0] != "pw" {
		t.Fatalf("secrets %v, want [pw]", got)
	}
}
