package main

import (
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// manual is the text of `vb365-sim -h`: every flag, grouped, with examples and exit codes.
func manual() string {
	var effects strings.Builder
	for _, e := range faultEffects {
		name := e.name
		if e.arg != "" {
			name += "=" + e.arg
		}
		fmt.Fprintf(&effects, "          %-20s %s\n", name, e.doc)
	}
	return fmt.Sprintf(`NAME
    vb365-sim - a Veeam Backup for Microsoft 365 REST API server (v3..v8) for rehearsals

SYNOPSIS
    vb365-sim [-addr HOST:PORT] [-tls [-ca-out FILE]] [-versions VERSIONS]
              [-restore-credentials VERSIONS] [-device-codes-verified] [-retrieval-duration D]
              [-session-idle-timeout D] [-session-limit N] [-latency D] [-fault SPEC]...
              [-fixture FILE] [-ledger-out FILE] [-provider-dir DIR] [other flags]
    vb365-sim -version
    vb365-sim -h

DESCRIPTION
    vb365-sim serves an in-memory VB365 server until it receives SIGINT (Ctrl+C) or
    SIGTERM: one Microsoft 365 organization with mailboxes, folders and items, browsed
    through restore sessions and restored, exported, saved or sent through the same REST
    routes a real server has, in the dialect of each API version v3..v8. Nothing is
    restored anywhere: every action it runs is recorded in a ledger that you can read
    (GET /_sim/ledger, -ledger-out), so that a rehearsal (terraform test, a pipeline) can
    check what ran, how often, on which items and to which target.

    It is written from the VB365 API contract alone. It is not a real server: keep real
    credentials away from it, and nothing it accepts proves a real server would.

    On start it prints its address, its credentials, the organization, and a recipe that
    points Terraform or OpenTofu (the terraform-vb365/vb365 provider) at it.

OPTIONS
  Listening
    -addr HOST:PORT
        Address to listen on (default 127.0.0.1:4443). Port 0 picks a free port; the
        first line printed names the address chosen.
    -tls
        Serve HTTPS with a certificate generated at start (a self-signed CA for
        localhost, 127.0.0.1, ::1 and the listening address). Without -ca-out it is
        written to a temporary file, named in the recipe and removed on exit.
    -ca-out FILE
        With -tls: write that certificate (PEM) to FILE, for VB365_CA_CERT_FILE or the
        provider's ca_cert_file, and keep it after exit.
    -public-host HOST[:PORT]
        Host named in the absolute links of API v3..v5 answers (default %[1]s).
        Clients must parse such links, never follow them.

  Authentication
    -user NAME
        User name POST /vN/Token accepts (default %[2]s).
    -password PASSWORD
        Its password (default %[3]s).
    -token-lifetime D
        Lifetime of access tokens (default 1h); refresh tokens last 14 days.
    -restore-credentials VERSIONS
        API versions on which a restore (to the original location or to another
        mailbox) without restore credentials (userName and userPassword, a device
        userCode, or applicationId with a certificate) fails with 400, as a v3..v5 server
        whose organization has no modern authentication does: v3-v5. "all" on every
        version; "none" (default) on none. Exports, saves and sends never need them.
    -device-codes-verified
        Verify the device code (userCode) of restores as a real server does: a code
        this server did not issue (POST .../restoreDeviceCode), an expired one, or one
        nobody has signed in with yet is refused with 400 saying which. The person signs
        in on the simulator's own page /_sim/devicelogin (the verificationUrl it then
        answers, on the host the request reached) by entering the code; no account is
        asked for. Without it any userCode is accepted and verificationUrl names
        Microsoft's page (https://microsoft.com/devicelogin), as a real server answers.

  API versions
    -versions VERSIONS
        API versions served (default all, v3..v8). Others answer 404 on every route,
        their version probe GET /vN/ServiceInstance included, as a server that lacks
        them: a client set to api_version = "auto" picks the newest served.
        VERSIONS: "all", a version ("v5" or "5"), a range ("v6-v8"), or a comma-
        separated list of these ("v3,v5-v8").

  Timing and capacity
    -retrieval-duration D
        How long a data retrieval of the archive tier (POST /vN/DataRetrievals, v6+)
        stays Retrieving before it is Retrieved (default %[4]s; 0 retrieves at once).
    -session-idle-timeout D
        Stop a restore session that no request has used for D, as a real server stops
        idle sessions (default 0: never).
    -session-limit N
        Refuse to open a restore session (400) while N explore sessions, the one open
        from the start included, are working (default 0: no limit).
    -async-restore-polls N
        API v8 restores are asynchronous: the restore session they return stays Working
        for N reads before it ends (default 1).
    -latency D
        Delay every request by D (e.g. 50ms), like a server on a slow link.

  Faults
    -fault SPEC
        Inject a failure into the requests SPEC matches; repeat the flag for several
        faults (the first matching fault applies). SPEC is comma-separated: one effect,
        and optionally what to match.
        Effects:
%[5]s        Matching:
          method=METHOD        only requests with this method (GET, POST, ...)
          path=TEXT            only requests whose path contains TEXT (case-insensitive)
          times=N|all          for the first N matching requests (default 1), or all
          retry-after=SECONDS  with status=CODE: send a Retry-After header
        A request an "-after" effect hit has run: it is in the ledger though the client
        never got its answer. The provider must not send such a restore again; a
        rehearsal can check that it did not (GET /_sim/ledger).

  Organization
    -fixture FILE
        Serve the organization described in FILE (JSON if its name ends in .json, YAML
        otherwise) instead of the compiled-in one: its name, mailboxes, folder trees,
        items (listed or generated by count), users and groups. The file is validated
        before the server starts; every problem is reported as
            FILE: path.of.field: what is wrong; what is expected
        and vb365-sim exits with status 2. The format is described in
        internal/vb365sim/FIXTURE.md and in the guide "Rehearse restores before they
        run". A minimal file:
            organization: { name: contoso.onmicrosoft.com }
            mailboxes:
              - name: Alice Example
                email: alice@contoso.onmicrosoft.com
                folders:
                  - name: Inbox
                    items:
                      - { type: message, subject: Signed contract, from: bob@fabrikam.example }
                    generate: { count: 200, subject: "Newsletter {n}" }
    -large-mailbox-items N
        Add a mailbox "Large Mailbox" with N generated messages (for benchmarks).
    -mailboxes N
        Add N generated mailboxes user0001 ... (e-mail user0001@ the organization's domain,
        3 messages each), for scale tests of the bulk mailbox restore.
    -pst-size BYTES
        Size of generated PST exports (default %[6]d).

  Records
    -ledger-out FILE
        Keep FILE up to date with the ledger (the document GET /_sim/ledger answers):
        written at start, after every request that ran an action (before the answer
        leaves), and on exit; each time whole, through a rename.
    -counts-out FILE
        On exit, write the number of requests per route (JSON) to FILE.

  Recipe
    -provider-dir DIR
        Directory of a built terraform-provider-vb365, named in the printed recipe's
        dev_overrides (make sim passes the repository's bin/).

  Other
    -version
        Print the version and exit.
    -h, -help
        Print this manual and exit.

ROUTES
    /vN/...              the VB365 REST API, N = each version served (see -versions)
    GET /_sim/ledger     the ledger (anonymous, read-only, not part of the VB365 API):
                         {"organization_id", "organization_name", "count", "entries": [
                           {"sequence", "time", "api_version", "method", "route", "action",
                            "restore_session_id", "server_restore_session_id", "mailbox_id",
                            "mailbox_email", "scope", "folder_id", "item_ids", "item_count",
                            "target", "target_mailbox", "target_folder", "reason",
                            "restore": {"created", "merged", "failed", "skipped"},
                            "output_size_bytes", "output_sha256", "body", "bulk_run_id"}]}
                         action is explore, stop, restore_to_original_location,
                         restore_to, export_to_pst, save_to_msg, send_to_default_address
                         or send_to_different_address; secrets in body are "***".
                         A bulk mailbox restore (.../Organization/Mailboxes/restore)
                         records one entry per mailbox sharing one bulk_run_id.
                         Query parameters action=, mailbox_id=, item_id= filter it.
    GET /_sim/devicelogin
    POST /_sim/devicelogin
                         the simulated sign-in page of device codes (anonymous, not
                         part of the VB365 API; see -device-codes-verified): GET shows
                         a form, POST with the form field code signs that code in.

EXAMPLES
    Serve HTTPS on a free port and keep the CA for the provider:
        vb365-sim -addr 127.0.0.1:0 -tls -ca-out ca.pem

    Rehearse against an older server whose restores need credentials:
        vb365-sim -versions v3-v5 -restore-credentials v3-v5

    Your own organization, with the ledger written for a check after the run:
        vb365-sim -fixture org.yaml -ledger-out ledger.json

    A 502 after the restore ran, then check that the provider did not run it again:
        vb365-sim -fault 'status-after=502,method=POST,path=/restoreTo'
        curl -s 'http://127.0.0.1:4443/_sim/ledger?action=restore_to'

    Restores with a device code a person signs in with (the plan shows the code and
    the page; open it, enter the code, then approve the plan):
        vb365-sim -device-codes-verified

    Archive-tier restores without the five-minute wait, idle sessions stopped:
        vb365-sim -retrieval-duration 5s -session-idle-timeout 10m -session-limit 4

    From a clone of the provider's repository:
        make sim SIMARGS='-tls -ca-out /tmp/vb365-ca.pem'

EXIT STATUS
    0   stopped by SIGINT or SIGTERM (or -h, -version)
    1   the server could not start (e.g. the address is in use) or failed
    2   bad flags, or a fixture file that does not validate

SEE ALSO
    The guide "Rehearse restores before they run" (docs/guides/rehearse-restores.md)
    and internal/vb365sim/FIXTURE.md in the provider's repository.
`, vb365sim.DefaultPublicHost, vb365sim.DefaultUsername, vb365sim.DefaultPassword,
		vb365sim.DefaultDataRetrievalDuration, effects.String(), vb365sim.DefaultPSTSize)
}
