class Config:
    debug = False
    level = 1

    def show(self):
        return f"debug={self.debug} level={self.level}"


class DevConfig(Config):
    debug = True


c = Config()
d = DevConfig()
print(c.show())
print(d.show())
d.level = 5
print(d.show(), Config.level, DevConfig.level)
DevConfig.level = 3
print(DevConfig().show(), c.show())
Config.level = 9
print(DevConfig().show(), Config().show())
