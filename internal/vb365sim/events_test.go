package vb365sim

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func eventsPage(t *testing.T, h *harness, v int, sessionID string) []map[string]any {
	t.Helper()
	resp, data := h.do("GET", "/v"+strconv.Itoa(v)+"/RestoreSessions/"+sessionID+"/Events?limit=100", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("events: %d %s", resp.StatusCode, data)
	}
	var page struct {
		Offset, Limit int
		Results       []map[string]any
	}
	if err := json.Unmarshal(data, &page); err != nil {
		t.Fatal(err)
	}
	return page.Results
}

// TestEventsRecordWhatWasExecuted: every version serves the events of what the simulator ran,
// one per item, agreeing with the ledger.
func TestEventsRecordWhatWasExecuted(t *testing.T) {
	for v := 3; v <= 8; v++ {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t)
			restore := itemPath(v, SeedMessageID) + "/restore"
			send := itemPath(v, SeedTaskID) + "/sendToDefaultAddress"
			var restoreBody, sendBody any = map[string]any{}, nil
			if v < 6 {
				restore, send = itemPath(v, SeedMessageID)+"/Action", itemPath(v, SeedTaskID)+"/Action"
				restoreBody = map[string]any{"restoretoOriginallocation": nil}
				sendBody = map[string]any{"sendtoDefaultaddress": nil}
			}
			for _, call := range []struct {
				path string
				body any
			}{{restore, restoreBody}, {restore, restoreBody}, {send, sendBody}} {
				if resp, data := h.do("POST", call.path, call.body); resp.StatusCode >= 300 {
					t.Fatalf("POST %s: %d %s", call.path, resp.StatusCode, data)
				}
			}
			events := eventsPage(t, h, v, SeedRestoreSessionID)
			if len(events) != 4 {
				t.Fatalf("%d events, want session start + 3 executions: %v", len(events), events)
			}
			wantTypes := []string{"None", "Restore", "Restore", "Send"}
			wantStatus := []string{"Success", "Success", "Skipped", "Success"}
			for i, e := range events {
				if e["type"] != wantTypes[i] || e["status"] != wantStatus[i] || e["id"] == "" || e["message"] == "" {
					t.Errorf("event %d = %v, want type %s status %s", i, e, wantTypes[i], wantStatus[i])
				}
				if _, has := e["itemName"]; has != (v >= 6 && i > 0) {
					t.Errorf("v%d event %d itemName present = %v", v, i, has)
				}
			}
			if ledger := h.sim.Ledger(); len(ledger) != 3 {
				t.Errorf("ledger %d entries, want 3", len(ledger))
			}
			// One event by ID.
			id := events[1]["id"].(string)
			resp, data := h.do("GET", "/v"+strconv.Itoa(v)+"/RestoreSessions/"+SeedRestoreSessionID+"/Events/"+id, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), id) {
				t.Errorf("event by ID: %d %s", resp.StatusCode, data)
			}
			if resp, _ := h.do("GET", "/v"+strconv.Itoa(v)+"/RestoreSessions/"+SeedRestoreSessionID+"/Events/"+newUUID(), nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("unknown event: %d", resp.StatusCode)
			}
		})
	}
}

// TestEventsOfAV8RestoreAreInBothSessions: the item events of a v8 asynchronous restore are in
// the browsed session and in the restore session it returned; a failing item is Failed.
func TestEventsOfAV8RestoreAreInBothSessions(t *testing.T) {
	h := newHarness(t)
	path := mailboxPath(8, SeedMailboxID) + "/items/restoreTo"
	resp, data := h.do("POST", path, map[string]any{"mailbox": "qa@x", "folder": "Restored",
		"items": []map[string]string{{"id": SeedMessageID}, {"id": FailingItemID}}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, data)
	}
	var async struct{ SessionID string }
	_ = json.Unmarshal(data, &async)
	for _, id := range []string{SeedRestoreSessionID, async.SessionID} {
		events := h.sim.Events(id)
		var items []EventRecord
		for _, e := range events {
			if e.Type == "Restore" {
				items = append(items, e)
			}
		}
		if len(items) != 2 || items[0].Status != "Success" || items[1].Status != "Failed" ||
			items[0].Target != "qa@x/Restored" || !strings.Contains(items[1].Message, FailingItemMessage) {
			t.Errorf("session %s restore events = %+v", id, items)
		}
	}
}

func TestFaultStatusAfterHandlerExecutes(t *testing.T) {
	h := newHarness(t)
	h.token(8) // before the fault, which would match the token POST
	signal := make(chan struct{}, 1)
	h.sim.Fault(Fault{Method: "POST", StatusAfterHandler: http.StatusGatewayTimeout, Signal: signal})
	resp, data := h.do("POST", itemPath(8, SeedMessageID)+"/sendToDefaultAddress", nil)
	if resp.StatusCode != http.StatusGatewayTimeout || !strings.Contains(string(data), "after execution") {
		t.Fatalf("%d %s", resp.StatusCode, data)
	}
	if n := len(h.sim.Ledger()); n != 1 {
		t.Errorf("ledger %d, want the executed send", n)
	}
	select {
	case <-signal:
	default:
		t.Error("no signal after the handler ran")
	}
}

// TestFaultLatencyAfterHandlerExecutesThenWaits: the action runs, the answer is held back until
// the client gives up (here: it cancels on the signal; nothing is timed).
func TestFaultLatencyAfterHandlerExecutesThenWaits(t *testing.T) {
	h := newHarness(t)
	h.token(8) // before the fault, which would match the token POST
	signal := make(chan struct{}, 1)
	h.sim.Fault(Fault{Method: "POST", LatencyAfterHandler: time.Hour, Signal: signal})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-signal; cancel() }()
	_, _, err := h.rawDo(ctx, "POST", itemPath(8, SeedMessageID)+"/sendToDefaultAddress", "")
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("err = %v, want the client's own cancellation", err)
	}
	if n := len(h.sim.Ledger()); n != 1 {
		t.Errorf("ledger %d, want the executed send", n)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "00:00:00", 44692800: "00:00:00.0446928", 3*time.Hour + 2*time.Minute + 1*time.Second: "03:02:01", -time.Second: "00:00:00",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
