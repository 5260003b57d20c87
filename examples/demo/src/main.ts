import { setUpHostPage } from './layout.ts';

void setUpHostPage();
