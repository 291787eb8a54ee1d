// Command vb365-sim serves the in-memory VB365 REST API simulator (internal/vb365sim) until
// SIGINT/SIGTERM, for demos and manual testing:
//
//	go run ./internal/vb365sim/cmd/vb365-sim [-addr 127.0.0.1:4443] [-tls] [-ca-out ca.pem] [-user U] [-password P]
//	    [-pst-size N] [-large-mailbox-items N] [-latency 20ms] [-counts-out counts.json]
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vb365-sim:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("vb365-sim", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:4443", "listen address (host:port; port 0 picks a free port)")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a generated self-signed certificate")
	caOut := fs.String("ca-out", "", "with -tls: write the certificate (PEM) to this file so clients can trust it")
	user := fs.String("user", vb365sim.DefaultUsername, "username accepted by /vN/Token")
	password := fs.String("password", vb365sim.DefaultPassword, "password accepted by /vN/Token")
	publicHost := fs.String("public-host", vb365sim.DefaultPublicHost, "host[:port] named in v3..v5 absolute links")
	pstSize := fs.Int64("pst-size", vb365sim.DefaultPSTSize, "size in bytes of generated PST exports")
	large := fs.Int("large-mailbox-items", 0, "add a mailbox named \"Large Mailbox\" with this many generated items")
	latency := fs.Duration("latency", 0, "delay every request by this long (e.g. 20ms)")
	countsOut := fs.String("counts-out", "", "on shutdown, write the request counts per route (JSON) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := []vb365sim.Option{
		vb365sim.WithCredentials(*user, *password),
		vb365sim.WithPublicHost(*publicHost),
		vb365sim.WithPSTSize(*pstSize),
		vb365sim.WithLatency(*latency),
	}
	if *large > 0 {
		opts = append(opts, vb365sim.WithLargeMailbox("Large Mailbox", *large))
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	sim := vb365sim.New(opts...)
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	scheme, curlTrust := "http", ""
	if *useTLS {
		var ip net.IP
		if tcpAddr, ok := ln.Addr().(*net.TCPAddr); ok {
			ip = tcpAddr.IP
		}
		cert, certPEM, err := selfSignedCert(ip)
		if err != nil {
			return err
		}
		// HTTP/1.1 only: connection-reset faults hijack the connection, which HTTP/2 does not allow.
		srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme, curlTrust = "https", "-k "
		if *caOut != "" {
			if err := os.WriteFile(*caOut, certPEM, 0o644); err != nil {
				return err
			}
			curlTrust = "--cacert " + *caOut + " "
		}
	}
	url := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(out, `VB365 REST API simulator listening on %[1]s (API versions v3..v8)
  username: %[2]s
  password: %[3]s
  restore session (open): %[4]s   mailbox: %[5]s

Examples:
  curl -s %[6]s-X POST %[1]s/v8/Token -d 'grant_type=password&username=%[2]s&password=%[3]s'
  TOKEN=$(curl -s %[6]s-X POST %[1]s/v8/Token -d 'grant_type=password&username=%[2]s&password=%[3]s' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s %[6]s-H "Authorization: Bearer $TOKEN" %[1]s/v8/Organizations
  curl -s %[6]s-H "Authorization: Bearer $TOKEN" %[1]s/v8/RestoreSessions/%[4]s/organization/mailboxes
  curl -s %[6]s-H "Authorization: Bearer $TOKEN" '%[1]s/v8/RestoreSessions/%[4]s/organization/mailboxes/%[5]s/items?limit=5'
  curl -s %[6]s-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X POST %[1]s/v8/Organizations/%[7]s/explore -d '{"type":"Vex"}'
  curl -s %[6]s-o item.msg -H "Authorization: Bearer $TOKEN" -X POST %[1]s/v8/RestoreSessions/%[4]s/organization/mailboxes/%[5]s/items/%[8]s/save
Press Ctrl+C to stop.
`, url, *user, *password, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, curlTrust, vb365sim.OrganizationID, vb365sim.SeedMessageID)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if *countsOut != "" {
		data, jerr := json.MarshalIndent(sim.RequestCounts(), "", "  ")
		if jerr == nil {
			jerr = os.WriteFile(*countsOut, append(data, '\n'), 0o644)
		}
		err = errors.Join(err, jerr)
	}
	return err
}

// selfSignedCert returns a self-signed CA certificate valid for localhost, the loopback
// addresses and ip, plus its PEM encoding.
func selfSignedCert(ip net.IP) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	if ip != nil && !ip.IsUnspecified() {
		ips = append(ips, ip)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "vb365-sim", Organization: []string{"VB365 simulator"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost", "support.east.local"},
		IPAddresses:           ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
