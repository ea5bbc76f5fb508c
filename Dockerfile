# srs-swift image, laid out like SRS 5's (srs-facts §12): WORKDIR /usr/local/srs,
# CMD ./objs/srs -c conf/docker.conf, logs to the console (`docker logs`).
#   docker build -t srs-swift:latest .
#   docker run --rm -p 1935:1935 -p 1985:1985 -p 8080:8080 srs-swift:latest
# SRS_* variables override the config (SRS 5), or replace it with -e:
#   docker run --rm -p 1935:1935 -p 1985:1985 -e SRS_LISTEN=1935 -e SRS_HTTP_API_ENABLED=on srs-swift:latest ./objs/srs -e
# The runtime stage is checked without a Docker engine by scripts/docker-rootfs-check.sh
# (`make docker-check`), which reads this file's runtime apt-get line, ENV, WORKDIR and CMD.

############################################################################################
# Build stage: static Swift stdlib, so the runtime needs only libssl3 (+ what slim ships).
FROM swift:6.3-bookworm AS build

# Unpinned on purpose: bookworm's security updates of the -dev packages are wanted.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib --product srs \
    && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/srs" \
    && "$bin" -v \
    && sh deploy/docker/install-layout.sh "$bin" /usr/local/srs \
    && /usr/local/srs/objs/srs -v

############################################################################################
# Runtime stage. debian:bookworm-slim already has zlib1g, libstdc++6 and libgcc-s1.
FROM debian:bookworm-slim

# Unpinned on purpose (security updates). scripts/docker-rootfs-check.sh runs this line.
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /usr/local/srs /usr/local/srs

# SRS compat: as SRS 5's image; in docker the daemon is off whatever the config says.
ENV SRS_DAEMON=off SRS_IN_DOCKER=on
WORKDIR /usr/local/srs
EXPOSE 1935 1985 8080
CMD ["./objs/srs","-c","conf/docker.conf"]
