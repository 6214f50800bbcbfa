# syntax=docker/dockerfile:1
# Every step is .ci/container-steps.sh, which CI runs without Docker (there is no Docker daemon there, so this
# image itself is not built in CI).

# Build: node:20 has python3, make and g++, so better-sqlite3 builds from source.
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY .ci/container-steps.sh .ci/
RUN bash .ci/container-steps.sh deps
COPY . .
RUN bash .ci/container-steps.sh build && bash .ci/container-steps.sh prune

# Runtime: the compiled service, its production dependencies and package.json, run as the unprivileged node user.
FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 WAYBILL_STORE=sqlite:/app/data/waybill.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist/core dist/core
COPY --from=build /app/dist/config dist/config
COPY --from=build /app/dist/plugins dist/plugins
COPY --from=build /app/.ci/container-steps.sh .ci/
RUN mkdir data && chown node:node data
USER node
VOLUME /app/data
EXPOSE 3000
# Liveness only: a store outage shows on /health/ready and must not get the container restarted.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["bash", ".ci/container-steps.sh", "health"]
CMD ["bash", ".ci/container-steps.sh", "start"]
