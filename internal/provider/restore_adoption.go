package provider

// Adoption of a run left by a killed runner (history_window).

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultHistoryWindow is how far back a new record looks for an identical run to adopt.
const defaultHistoryWindow = 24 * time.Hour

// parseHistoryWindow reads history_window: a duration ("24h"), "0" for off; null: the default.
func parseHistoryWindow(v types.String) (time.Duration, error) {
	if v.IsNull() || v.IsUnknown() {
		return defaultHistoryWindow, nil
	}
	s := strings.TrimSpace(v.ValueString())
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("history_window must be a duration such as \"24h\", or \"0\" to turn adoption off; got %q", s)
	}
	return d, nil
}

func historyWindowValidator() validator.String {
	return stringCheckValidator{
		description: "value must be a duration such as \"24h\", or \"0\"",
		check: func(s string) error {
			_, err := parseHistoryWindow(types.StringValue(s))
			return err
		},
	}
}
