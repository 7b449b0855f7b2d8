# Debian bookworm image that runs the same set-up script as a developer machine and CI.
FROM node:20-bookworm
WORKDIR /app
ENV DEBIAN_FRONTEND=noninteractive
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY . .
RUN bash scripts/setup.sh
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3443
EXPOSE 3443 40000-40001/udp 40000-40001/tcp
CMD ["node", "bin/hearing.js", "start"]
