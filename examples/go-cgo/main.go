package main

/*
#include <unistd.h>
static int uid(void) { return (int)getuid(); }
*/
import "C"

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"app":"go-cgo","uid":%d}`, int(C.uid()))
	})
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
