#!/usr/bin/env bash
# Makes the AppCDS archive that ./likeness starts the JVM with: a training run of `likeness verify`
# on two faces, with -XX:ArchiveClassesAtExit, so that the next JVM maps the classes it loaded
# (picocli's excepted: they are Java 5 class files, which CDS skips) instead of reading, parsing and
# verifying them from 88 jars. Run by `mvn package` (likeness-cli/pom.xml) after runtime.classpath.
#
#   make-archive.sh TARGET_DIR IMAGE_A IMAGE_B
#
# The archive holds the class path it was made with: it serves exactly
# TARGET_DIR/likeness-cli.jar:$(cat TARGET_DIR/runtime.classpath), the class path ./likeness uses.
# When the models are not installed the run stops at loading them, and the archive holds what was
# loaded by then. It never fails the build: without an archive the launcher starts without one.
set -uo pipefail
target="$1"; shift
archive="$target/likeness.jsa"
rm -f "$archive" "$archive.tmp" "$archive.size"
cp="$target/likeness-cli.jar:$(cat "$target/runtime.classpath")"
# Without jdk.incubator.vector, as the launcher starts verify; a JVM started with it (identify, serve)
# maps the archive too (checked with -Xshare:on).
java -XX:ArchiveClassesAtExit="$archive.tmp" -Xlog:disable -Xlog:all=error:stderr \
  -cp "$cp" org.likeness.cli.LikenessCommand verify "$@" >"$target/likeness.jsa.log" 2>&1
code=$?
if [ -s "$archive.tmp" ]; then
  mv "$archive.tmp" "$archive"
  # The launcher compares this with the file's size: a truncated archive crashes JDK 17 (SIGBUS) at start.
  stat -c %s "$archive" >"$archive.size"
  echo "likeness-cli: class data sharing archive $archive ($(($(stat -c %s "$archive") / 1024 / 1024)) MiB; training run exited $code)"
else
  rm -f "$archive.tmp"
  echo "likeness-cli: no class data sharing archive (training run exited $code, see $target/likeness.jsa.log); ./likeness starts without one" >&2
fi
exit 0
