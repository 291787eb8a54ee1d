package vb365

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestSimExploreAndStop(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			pit := time.Date(2019, 4, 12, 0, 0, 0, 0, time.UTC)
			s, err := e.client.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(false)})
			if err != nil || s.ID == "" || s.State != "Working" {
				t.Fatalf("explore: %+v %v", s, err)
			}
			if !slices.Contains(e.sim.OpenSessions(), s.ID) {
				t.Errorf("open sessions %v lack %s", e.sim.OpenSessions(), s.ID)
			}
			got, err := e.client.RestoreSession(ctx, s.ID)
			if err != nil || got.ID != s.ID {
				t.Errorf("read back %+v %v", got, err)
			}
			if err := e.client.StopRestoreSession(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			if st := e.sim.SessionState(s.ID); st != "Stopped" {
				t.Errorf("state after stop = %q", st)
			}
			ledger := e.sim.Ledger()
			if len(ledger) != 2 || ledger[0].Action != "explore" || ledger[1].Action != "stop" || ledger[1].RestoreSessionID != s.ID {
				t.Fatalf("ledger %+v", ledger)
			}
			wantRoute := map[string]string{"v3": "/v3/Organizations/{id}/Action", "v8": "/v8/Organizations/{id}/explore"}[version]
			if ledger[0].Route != wantRoute || ledger[0].OrganizationID != vb365sim.OrganizationID {
				t.Errorf("explore ledger %+v", ledger[0])
			}
			body := ledger[0].Body
			if version == "v3" {
				body, _ = body["explore"].(map[string]any)
			}
			if body["showDeleted"] != true || body["showAllVersions"] != false || body == nil {
				t.Errorf("explore body %v", ledger[0].Body)
			}
		})
	}
}

func TestSimEveryActionSingleAndBulk(t *testing.T) {
	type check func(t *testing.T, e *simEnv, scope ItemScope, l vb365sim.LedgerEntry)
	run := []struct {
		action string
		do     func(ctx context.Context, c *Client, scope ItemScope) (int64, error)
		check  check
	}{
		{"restore_to_original_location", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			stats, err := c.RestoreToOriginalLocation(ctx, s, RestoreToOriginalLocationOptions{Credentials: RestoreCredentials{UserName: "op@x", UserPassword: "op-secret"}}, nil)
			return stats.Created + stats.Merged + stats.Skipped, err
		}, func(t *testing.T, e *simEnv, s ItemScope, l vb365sim.LedgerEntry) {
			if inner := actionBody(l); inner["userName"] != "op@x" || inner["userPassword"] != "***" {
				t.Errorf("body %v", l.Body)
			}
		}},
		{"restore_to", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			stats, err := c.RestoreTo(ctx, s, RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com", Folder: "Restored", ChangedItems: ptr(true), MarkRestoredAsUnread: ptr(false)}, nil)
			return stats.Created + stats.Merged + stats.Skipped, err
		}, func(t *testing.T, e *simEnv, s ItemScope, l vb365sim.LedgerEntry) {
			if inner := actionBody(l); inner["mailbox"] != "qa_dallas@bestsupport.onmicrosoft.com" || inner["folder"] != "Restored" ||
				inner["changedItems"] != true || inner["markRestoredAsUnread"] != false {
				t.Errorf("body %v", l.Body)
			}
		}},
		{"export_to_pst", nil, nil}, // below: streamed and compared
		{"save_to_msg", nil, nil},
		{"send_to_default_address", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			return 0, c.SendToDefaultAddress(ctx, s)
		}, nil},
		{"send_to_different_address", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			return 0, c.SendToDifferentAddress(ctx, s, SendToDifferentAddressOptions{To: "legal@bestsupport.onmicrosoft.com", Subject: "Evidence", Text: "See attached"})
		}, func(t *testing.T, e *simEnv, s ItemScope, l vb365sim.LedgerEntry) {
			if inner := actionBody(l); inner["to"] != "legal@bestsupport.onmicrosoft.com" || inner["subject"] != "Evidence" || inner["text"] != "See attached" || inner["from"] != nil {
				t.Errorf("body %v", l.Body)
			}
		}},
	}
	for _, version := range dialects {
		for _, ids := range [][]string{{vb365sim.SeedMessageID}, {vb365sim.SeedMessageID, vb365sim.SeedAppointmentID, vb365sim.SlashItemID}} {
			mode := "single"
			if len(ids) > 1 {
				mode = "bulk"
			}
			for _, a := range run {
				t.Run(version+"/"+mode+"/"+a.action, func(t *testing.T) {
					e := startSim(t, version, vb365sim.WithAsyncRestorePolls(2))
					ctx := ctxT(t)
					scope := seedScope(ids...)
					var written int64
					var sum string
					var err error
					switch a.action {
					case "export_to_pst", "save_to_msg":
						h := sha256.New()
						if a.action == "export_to_pst" {
							written, err = e.client.ExportToPST(ctx, scope, ExportToPSTOptions{EnablePSTSizeLimit: ptr(false)}, h)
						} else {
							written, err = e.client.SaveToMSG(ctx, scope, h)
						}
						sum = hex.EncodeToString(h.Sum(nil))
					default:
						written, err = a.do(ctx, e.client, scope)
					}
					if err != nil {
						t.Fatal(err)
					}
					e.settle()
					ledger := e.sim.Ledger()
					if len(ledger) != 1 {
						t.Fatalf("ledger %+v, want exactly one action", ledger)
					}
					l := ledger[0]
					if l.Action != a.action || !reflect.DeepEqual(l.ItemIDs, ids) || l.Bulk != (mode == "bulk") ||
						l.RestoreSessionID != vb365sim.SeedRestoreSessionID || l.MailboxID != vb365sim.SeedMailboxID || l.Method != "POST" {
						t.Errorf("ledger entry %+v", l)
					}
					if want := expectedActionRoute(version, mode, a.action); l.Route != want {
						t.Errorf("route %s, want %s", l.Route, want)
					}
					switch a.action {
					case "export_to_pst", "save_to_msg":
						kind := map[string]string{"export_to_pst": "pst", "save_to_msg": "msg"}[a.action]
						want := e.sim.ExportBytes(scope.RestoreSessionID, scope.MailboxID, ids, kind)
						wantSum := sha256.Sum256(want)
						if written != int64(len(want)) || sum != hex.EncodeToString(wantSum[:]) || sum != l.OutputSHA256 || written != l.OutputSize {
							t.Errorf("wrote %d bytes sha %s; want %d bytes sha %x (ledger %d %s)", written, sum, len(want), wantSum, l.OutputSize, l.OutputSHA256)
						}
					case "restore_to_original_location", "restore_to":
						if l.Restore == nil || written != int64(l.Restore.Created+l.Restore.Merged+l.Restore.Skipped) || written != int64(len(ids)) {
							t.Errorf("statistics total %d, ledger %+v", written, l.Restore)
						}
						if version == "v8" && (l.AsyncSessionID == "" || e.sim.SessionState(l.AsyncSessionID) != "Stopped") {
							t.Errorf("async session %q state %q", l.AsyncSessionID, e.sim.SessionState(l.AsyncSessionID))
						}
					}
					if a.check != nil {
						a.check(t, e, scope, l)
					}
				})
			}
		}
	}
}

// actionBody returns the action's options from a ledger body: the envelope's single value on
// v3..v5, the body itself on v6+.
func actionBody(l vb365sim.LedgerEntry) map[string]any {
	if l.Version <= 5 {
		for _, v := range l.Body {
			inner, _ := v.(map[string]any)
			return inner
		}
	}
	return l.Body
}

func expectedActionRoute(version, mode, action string) string {
	base := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"
	if version == "v3" {
		if mode == "single" {
			return base + "/{id}/Action"
		}
		return base + "/Action"
	}
	seg := map[string]string{
		"restore_to_original_location": "restore", "restore_to": "restoreTo", "export_to_pst": "exportToPst",
		"save_to_msg": "save", "send_to_default_address": "sendToDefaultAddress", "send_to_different_address": "sendToDifferentAddress",
	}[action]
	if mode == "single" {
		return base + "/{id}/" + seg
	}
	if seg == "save" {
		seg = "Save"
	}
	return base + "/" + seg
}

func TestSimV8AsyncRestoreProgress(t *testing.T) {
	e := startSim(t, "v8", vb365sim.WithAsyncRestorePolls(3))
	var progress []RestoreProgress
	stats, err := e.client.RestoreTo(ctxT(t), seedScope(vb365sim.SeedMessageID, vb365sim.SeedTaskID),
		RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com"}, func(p RestoreProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	l := e.sim.Ledger()[0]
	if stats.SessionID != l.AsyncSessionID || stats.Created != int64(l.Restore.Created) || stats.Merged != int64(l.Restore.Merged) ||
		stats.Skipped != int64(l.Restore.Skipped) || stats.Failed != 0 {
		t.Errorf("stats %+v, ledger %+v", stats, l.Restore)
	}
	if len(progress) < 2 || progress[len(progress)-1].State != "Stopped" || progress[0].SessionID != l.AsyncSessionID {
		t.Errorf("progress %+v", progress)
	}
	waits := e.clock.Waits()
	if len(waits) == 0 || slices.ContainsFunc(waits, func(d time.Duration) bool { return d != DefaultPollInterval }) {
		t.Errorf("poll waits %v, want PollInterval each", waits)
	}
}

func TestSimFailingRestore(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			stats, err := e.client.RestoreToOriginalLocation(ctxT(t), seedScope(vb365sim.FailingItemID), RestoreToOriginalLocationOptions{}, nil)
			if stats.Failed != 1 {
				t.Errorf("stats %+v err %v", stats, err)
			}
			if version == "v8" && (!errors.Is(err, ErrRestoreFailed) || !strings.Contains(err.Error(), "damaged")) {
				t.Errorf("v8 all-failed restore: err = %v", err)
			}
			if version == "v3" && err != nil {
				t.Errorf("v3 restore with failed items reports counts, not an error: %v", err)
			}
		})
	}
}

func TestSimPSTStreamingMultiMiB(t *testing.T) {
	const size = 8 << 20
	e := startSim(t, "v8", vb365sim.WithPSTSize(size))
	scope := seedScope(vb365sim.SeedMessageID, vb365sim.SeedTaskID)
	h := sha256.New()
	n, err := e.client.ExportToPST(ctxT(t), scope, ExportToPSTOptions{}, h)
	if err != nil || n != size {
		t.Fatalf("n=%d err=%v", n, err)
	}
	want := sha256.Sum256(e.sim.ExportBytes(scope.RestoreSessionID, scope.MailboxID, scope.ItemIDs, "pst"))
	if got := h.Sum(nil); !reflect.DeepEqual(got, want[:]) {
		t.Errorf("sha256 %x, want %x", got, want)
	}
}

func BenchmarkExportPST8MiB(b *testing.B) {
	const size = 8 << 20
	e := startSim(b, "v8", vb365sim.WithPSTSize(size))
	scope := seedScope(vb365sim.SeedMessageID)
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if n, err := e.client.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard); err != nil || n != size {
			b.Fatalf("n=%d err=%v", n, err)
		}
	}
}
