package iamcatalog

//go:generate go run ./gen -o catalog.tsv.gz
