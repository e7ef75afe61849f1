module github.com/stationhand/stationhand

go 1.26

require (
	fyne.io/fyne/v2 v2.7.1
	github.com/boombuler/barcode v1.1.0
	github.com/google/uuid v1.6.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/jung-kurt/gofpdf v1.16.2
	golang.org/x/crypto v0.58.0
	modernc.org/sqlite v1.62.0
)
