# The benchmark's Locust side: FastHttpUser, one task, no think time.
from locust import FastHttpUser, constant, task


class Bench(FastHttpUser):
    wait_time = constant(0)

    @task
    def index(self):
        self.client.get("/")
