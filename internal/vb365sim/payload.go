package vb365sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"strings"
)

var (
	pstMagic = []byte("!BDN")
	msgMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // OLE compound file
)

const payloadChunk = 32 << 10

func payloadKind(kind string) string {
	switch strings.ToLower(kind) {
	case "pst", actionExportPST, "exporttopst":
		return "pst"
	case "msg", actionSaveMSG, "save", "savetomsg":
		return "msg"
	}
	return ""
}

func (s *Server) payloadSize(kind string, items int) int64 {
	if kind == "pst" {
		return s.pstSize
	}
	return 8192 + 2048*int64(max(items-1, 0))
}

func payloadSeed(kind, sessionID, mailboxID string, itemIDs []string) [32]byte {
	return sha256.Sum256([]byte(kind + "\x00" + sessionID + "\x00" + mailboxID + "\x00" + strings.Join(itemIDs, "\x00")))
}

// writePayload streams size deterministic bytes (magic header, then SHA-256 counter blocks) in
// 32 KiB chunks, so a multi-MiB export never sits in memory. It returns bytes written and their SHA-256.
func writePayload(w io.Writer, kind string, seed [32]byte, size int64) (int64, string, error) {
	magic := pstMagic
	if kind == "msg" {
		magic = msgMagic
	}
	h := sha256.New()
	buf := make([]byte, payloadChunk)
	var written int64
	var counter uint64
	var block [40]byte
	copy(block[:32], seed[:])
	for written < size {
		n := int(min(int64(len(buf)), size-written))
		chunk := buf[:n]
		for i := 0; i < n; i += 32 {
			binary.BigEndian.PutUint64(block[32:], counter)
			counter++
			sum := sha256.Sum256(block[:])
			copy(chunk[i:], sum[:])
		}
		if written == 0 {
			copy(chunk, magic)
		}
		h.Write(chunk)
		m, err := w.Write(chunk)
		written += int64(m)
		if err != nil {
			return written, hex.EncodeToString(h.Sum(nil)), err
		}
	}
	return written, hex.EncodeToString(h.Sum(nil)), nil
}

// ExportBytes returns the exact bytes a PST (kind "pst") or MSG (kind "msg") export of itemIDs
// in mailboxID of sessionID returns, with IDs as the fixture spells them and in request order.
// It returns nil for an unknown kind.
func (s *Server) ExportBytes(sessionID, mailboxID string, itemIDs []string, kind string) []byte {
	k := payloadKind(kind)
	if k == "" {
		return nil
	}
	var buf bytes.Buffer
	_, _, _ = writePayload(&buf, k, payloadSeed(k, strings.ToLower(sessionID), strings.ToLower(mailboxID), itemIDs), s.payloadSize(k, len(itemIDs)))
	return buf.Bytes()
}
