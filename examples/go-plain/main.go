package main

import (
	"embed"
	"fmt"
	"log"
	"net/http"
	"os"
)

//go:embed static
var static embed.FS

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.Handle("/static/", http.FileServer(http.FS(static)))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"app":"go-plain","uid":%d}`, os.Getuid())
	})
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
