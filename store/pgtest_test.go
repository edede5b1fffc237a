package store

// A throwaway PostgreSQL server for this test process: initdb into a temporary directory, a
// server on a Unix socket there and on a free port of 127.0.0.1 only, trust authentication.
// It starts on the first test that asks for it and stops in TestMain. Each test gets a schema
// of its own (search_path in the DSN), dropped at its end.
//
// DOCVERIFY_TEST_PG_DSN=postgres://... uses an existing server instead (the role needs CREATE
// on the database). Without it and without PostgreSQL's binaries the PostgreSQL tests skip;
// `make pg-test-deps` installs them (Debian's postgresql package).

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// envPGDSN names the variable that points the tests at an existing PostgreSQL server.
const envPGDSN = "DOCVERIFY_TEST_PG_DSN"

var pg struct {
	once  sync.Once
	dsn   string  // the server's database, without a schema
	admin *sql.DB // creates and drops the tests' schemas
	skip  string  // why PostgreSQL tests skip
	err   error   // why they fail
	stop  func()  // stops the throwaway server
}

// pgReady starts the server on first use; it skips t when PostgreSQL is not available and
// fails it when the server could not start.
func pgReady(t testing.TB) {
	t.Helper()
	pg.once.Do(func() {
		pg.dsn = os.Getenv(envPGDSN)
		if pg.dsn == "" {
			pg.dsn, pg.stop, pg.skip, pg.err = startPostgres()
		}
		if pg.err == nil && pg.skip == "" {
			pg.admin, pg.err = sql.Open("pgx", pg.dsn)
		}
	})
	if pg.skip != "" {
		t.Skip(pg.skip)
	}
	if pg.err != nil {
		t.Fatalf("postgres: %v", pg.err)
	}
}

// pgDSN returns a DSN whose search_path is a new, empty schema, dropped when t ends.
func pgDSN(t testing.TB) string {
	t.Helper()
	pgReady(t)
	schema := "t_" + randomHex(6)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := pg.admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		if _, err := pg.admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("postgres: %v", err)
		}
	})
	return withSearchPath(pg.dsn, schema)
}

// withSearchPath adds search_path to a URL or keyword/value DSN.
func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}

// stopPostgres stops the throwaway server, if one was started.
func stopPostgres() {
	if pg.admin != nil {
		pg.admin.Close()
	}
	if pg.stop != nil {
		pg.stop()
	}
}

// pgBinDir finds the directory holding initdb and postgres: PATH, then Debian's
// /usr/lib/postgresql/VERSION/bin (newest first).
func pgBinDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dir = filepath.Dir(real)
		}
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

func pgVersion(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// startPostgres makes a cluster and starts its server. As root it runs both as the postgres
// user (initdb refuses root). The server gets the parent-death signal SIGQUIT, so a test
// binary that is killed does not leave it running.
func startPostgres() (dsn string, stop func(), skip string, err error) {
	bin := pgBinDir()
	if bin == "" {
		return "", nil, "PostgreSQL is not installed (no initdb): `make pg-test-deps` installs it, or set " + envPGDSN, nil
	}
	dir, err := os.MkdirTemp("", "docverify-pg-")
	if err != nil {
		return "", nil, "", err
	}
	cleanup := func() { os.RemoveAll(dir) }
	attr := &syscall.SysProcAttr{}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			cleanup()
			return "", nil, "", fmt.Errorf("running as root, and initdb refuses root: need the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			cleanup()
			return "", nil, "", err
		}
		attr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.Env = append(os.Environ(), "LC_ALL=C")
	initdb.SysProcAttr = attr
	if out, err := initdb.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, "", fmt.Errorf("initdb: %v\n%s", err, out)
	}
	// A free port can be taken between choosing it and binding it: try a few.
	for attempt := 0; ; attempt++ {
		dsn, stop, err := startServer(bin, dir, data, attr)
		if err == nil {
			return dsn, func() { stop(); cleanup() }, "", nil
		}
		if attempt == 2 {
			cleanup()
			return "", nil, "", err
		}
	}
}

func startServer(bin, dir, data string, cred *syscall.SysProcAttr) (string, func(), error) {
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	logPath := filepath.Join(dir, "postgres.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return "", nil, err
	}
	defer logf.Close()
	srv := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=50", "-c", "shared_buffers=32MB")
	srv.Dir = dir
	srv.Stdout, srv.Stderr = logf, logf
	attr := *cred
	attr.Pdeathsig = syscall.SIGQUIT
	srv.SysProcAttr = &attr
	if err := srv.Start(); err != nil {
		return "", nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	stop := func() {
		srv.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			srv.Process.Kill()
			<-exited
		}
	}
	dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		stop()
		return "", nil, err
	}
	defer db.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return dsn, stop, nil
		}
		select {
		case werr := <-exited:
			exited <- werr
			log, _ := os.ReadFile(logPath)
			return "", nil, fmt.Errorf("postgres exited (%v):\n%s", werr, log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			log, _ := os.ReadFile(logPath)
			return "", nil, errors.Join(fmt.Errorf("postgres did not answer in 60s: %w", err), errors.New(string(log)))
		}
	}
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// TestPGHarness checks the harness itself: the schema in the DSN is the one tables go to.
func TestPGHarness(t *testing.T) {
	dsn := pgDSN(t)
	if !strings.Contains(dsn, "search_path=t_") {
		t.Fatalf("DSN %q has no test schema", dsn)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var schema string
	if err := db.QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(schema, "t_") {
		t.Errorf("current_schema() = %q, want the test's schema", schema)
	}
}
