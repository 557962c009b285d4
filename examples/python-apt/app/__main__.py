import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import yaml

CONFIG = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"service": CONFIG["name"], "path": self.path}).encode() + b"\n"
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", CONFIG["port"]))
    HTTPServer(("", port), Handler).serve_forever()
