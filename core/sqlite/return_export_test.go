package sqlite

// QueryStrings runs a query of one text column, for tests that check what
// the store wrote beyond its API (audit rows, photo paths).
func QueryStrings(db *DB, query string, args ...any) ([]string, error) {
	rows, err := db.sql.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
