package hub

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Files of a hub's private CA and certificate (`hub serve --tls-auto`).
const (
	CACertFile  = "ca.pem"
	caKeyFile   = "ca-key.pem"
	hubCertFile = "hub.pem" // the hub's certificate, then the CA's
	hubKeyFile  = "hub-key.pem"
)

// AutoTLS returns the TLS configuration of a hub that is its own
// certificate authority: on first use it makes a private CA and a
// certificate for hosts in dir (keys readable by the hub's user only);
// later it loads them, making a new hub certificate when a host is
// missing from it or it expires within 30 days. The CA is returned too:
// its fingerprint goes into enrolment codes, so stations pin it.
func AutoTLS(dir string, hosts []string) (*tls.Config, *x509.Certificate, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	ca, caKey, err := loadOrMakeCA(dir)
	if err != nil {
		return nil, nil, err
	}
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, hubCertFile), filepath.Join(dir, hubKeyFile))
	if err != nil || !covers(cert.Leaf, hosts) || time.Until(cert.Leaf.NotAfter) < 30*24*time.Hour || !signedBy(cert.Leaf, ca) {
		if cert, err = makeHubCert(dir, ca, caKey, hosts); err != nil {
			return nil, nil, err
		}
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, ca, nil
}

// LoadCA reads the CA that AutoTLS made in dir.
func LoadCA(dir string) (*x509.Certificate, error) {
	b, err := os.ReadFile(filepath.Join(dir, CACertFile))
	if err != nil {
		return nil, fmt.Errorf("hub CA: %w (start the hub once with `hub serve --tls-auto`)", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("hub CA %s: no PEM certificate", filepath.Join(dir, CACertFile))
	}
	return x509.ParseCertificate(blk.Bytes)
}

// DefaultHosts are the names and addresses the hub's certificate covers
// unless told otherwise: this machine's name, localhost, and the
// addresses of its network interfaces.
func DefaultHosts() []string {
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	if h, err := os.Hostname(); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
			hosts = append(hosts, ipn.IP.String())
		}
	}
	slices.Sort(hosts)
	return slices.Compact(hosts)
}

func loadOrMakeCA(dir string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	ca, err := LoadCA(dir)
	if err == nil {
		key, err := loadKey(filepath.Join(dir, caKeyFile))
		if err != nil {
			return nil, nil, err
		}
		return ca, key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	name, _ := os.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "Stationhand hub CA " + name, Organization: []string{"Stationhand"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(20, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: make CA: %w", err)
	}
	if err := writeKey(filepath.Join(dir, caKeyFile), key); err != nil {
		return nil, nil, err
	}
	if err := writePEM(filepath.Join(dir, CACertFile), 0o644, der); err != nil {
		return nil, nil, err
	}
	ca, err = x509.ParseCertificate(der)
	return ca, key, err
}

func makeHubCert(dir string, ca *x509.Certificate, caKey *ecdsa.PrivateKey, hosts []string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "Stationhand hub", Organization: []string{"Stationhand"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(0, 0, 825),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("tls: make hub certificate: %w", err)
	}
	if err := writeKey(filepath.Join(dir, hubKeyFile), key); err != nil {
		return tls.Certificate{}, err
	}
	if err := writePEM(filepath.Join(dir, hubCertFile), 0o644, der, ca.Raw); err != nil {
		return tls.Certificate{}, err
	}
	return tls.LoadX509KeyPair(filepath.Join(dir, hubCertFile), filepath.Join(dir, hubKeyFile))
}

func covers(leaf *x509.Certificate, hosts []string) bool {
	if leaf == nil {
		return false
	}
	for _, h := range hosts {
		if leaf.VerifyHostname(h) != nil {
			return false
		}
	}
	return true
}

func signedBy(leaf, ca *x509.Certificate) bool {
	return leaf != nil && leaf.CheckSignatureFrom(ca) == nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err)
	}
	return n
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writeFile(path, 0o600, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func loadKey(path string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("hub CA key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("hub CA key %s: no PEM key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("hub CA key %s: %w", path, err)
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("hub CA key %s: not an ECDSA key", path)
	}
	return ek, nil
}

func writePEM(path string, mode os.FileMode, ders ...[]byte) error {
	var b []byte
	for _, d := range ders {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: d})...)
	}
	return writeFile(path, mode, b)
}

// writeFile replaces path atomically with data at mode.
func writeFile(path string, mode os.FileMode, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("tls: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("tls: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}
